"""Personal data: access requests, erasure and the retention rule."""
