"""Exceptions shared across apps: raised by one app's services, caught by another's views."""


class StepRefused(Exception):
    """A workflow step that may not be taken; the message says why, for the user."""
