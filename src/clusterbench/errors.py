"""Exceptions shared across apps: raised by one app's services, caught by another's views."""


class StepRefused(Exception):
    """A workflow step that may not be taken; the message says why, for the user."""


class InputInvalid(StepRefused):
    """A step refused for what was typed or sent (a reason left empty, text that cannot be
    stored, a time that is no time, an id that names no expert), not for who asks or when;
    the message names the problem. A StepRefused, so every page shows it as any refusal;
    the API answers it 422, as any invalid input, where a step not allowed is 403."""
