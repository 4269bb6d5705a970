"""The door screen's Qt parts: its inputs (keyboard-wedge filter, camera and its corner),
the verdict panel and its words, the sound, and the link to the other doors. The screen that
puts them together is ui/screens/door.py. These parts may use the core (``pos.door``) and,
lazily, ``sync.door``; never a screen."""
