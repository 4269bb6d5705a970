"""Qt item models fed with the core's frozen dataclasses."""
