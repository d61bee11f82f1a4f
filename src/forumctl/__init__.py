"""forumctl: a command-line archive of Korea's SME Innovation Network Forum."""

__version__ = "0.1.0"
