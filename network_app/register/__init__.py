"""The register of Sweden's municipalities and regions: SKR's 290 + 21 members and their codes."""
