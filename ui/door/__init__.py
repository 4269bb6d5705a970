"""Door mode's Qt parts: the keyboard-wedge scanner filter (the screen is ui/screens/door.py)."""
