"""Errors are values: each names what went wrong, and the parameter at fault when there is one.

Every dialect renders these in its own wire format, in one place.
"""


class BillbookError(Exception):
    """Base of every error a caller is meant to see."""

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.message = message
        self.param = param


class InvalidParam(BillbookError):
    """A parameter is missing, malformed or not allowed."""

    def __init__(self, param: str, message: str):
        super().__init__(message, param)


class Conflict(BillbookError):
    """The request clashes with existing data (a duplicate number, say)."""


class NotFound(BillbookError):
    """The object does not exist, or belongs to another account or mode."""

    def __init__(self, kind: str, identifier: object):
        super().__init__(f"{kind} was not found: {identifier}")


class RouteNotFound(BillbookError):
    def __init__(self, method: str, path: str):
        super().__init__(f"Request was not recognized: {method} {path}")


class MethodNotAllowed(BillbookError):
    def __init__(self, method: str, path: str):
        super().__init__(f"Method {method} is not allowed on {path}")


class UnsupportedFormat(BillbookError):
    """The request body is in a format the API does not read."""


class RequestTooLarge(BillbookError):
    pass


class AuthenticationFailed(BillbookError):
    pass


class RuleViolation(BillbookError):
    """The request is well formed but a business rule refuses it."""


class MalformedRequest(BillbookError):
    """The request body cannot be read (broken JSON, conflicting keys)."""


class UnknownFilter(BillbookError):
    def __init__(self, name: str):
        super().__init__(f"Invalid filter parameter: {name}", param="filter")


class TooManyRequests(BillbookError):
    def __init__(self, retry_after: int):
        super().__init__(f"Too many requests in a row; retry in {retry_after} second(s)")
        self.retry_after = retry_after
