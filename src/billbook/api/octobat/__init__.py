"""The Octobat dialects: v1 at /octobat/v1, v2 at /octobat/v2, sharing what the two versions share."""
