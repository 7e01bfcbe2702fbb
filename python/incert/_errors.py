"""incert.InputError: bad input, naming the field (as the command line's exit-code-2 message)."""


class InputError(ValueError):
    """Invalid input: an instance, a grid, or an argument of a call.

    ``str(e)`` is the one-line message the command line prints after ``incert: bad input:``,
    for example ``init.W0[2][2]: not a number: "x"``; ``e.field`` is the field it names
    (a JSON path such as ``init.W0[1][2]``, ``alpha``, ``Y.eigenvalues[0]``, or an argument
    name such as ``precision`` or ``times[0]``) and ``e.problem`` the rest.

    A subclass of ValueError, so ``except ValueError`` catches it too.
    """

    def __init__(self, message, field=""):
        super().__init__(message)
        self.field = field
        prefix = field + ": "
        self.problem = message[len(prefix):] if field and message.startswith(prefix) else message

    @classmethod
    def of(cls, field, problem):
        """The error ``field: problem``."""
        return cls(f"{field}: {problem}", field)

    def __reduce__(self):
        return (type(self), (str(self), self.field))
