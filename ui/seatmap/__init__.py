"""The seat map: one painted item with levels of detail, in a zoomable view."""
