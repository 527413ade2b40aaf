"""The benchmark and load test: a data set at SKR's scale, a server, and clients that measure it."""
