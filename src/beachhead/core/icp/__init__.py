"""The ideal customer profile: its model (icp.yaml) and how it is learned from history."""
