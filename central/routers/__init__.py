"""HTTP routers of central, one per resource; thin wrappers over ``central.services``."""
