"""The errors and panel sentinels of notebook 13's upload reader (shared by its modules)."""

from __future__ import annotations

from collections.abc import Sequence

#: Panel choices: the learner's own upload, "detect it", "not used".
UPLOAD = "upload"
AUTO = "__auto__"
NOT_USED = "__none__"


class UploadError(ValueError):
    """The uploaded file cannot be used; the message says what is wrong and what to do.

    ``problem`` is a short code (``"empty"``, ``"too_large"``, ``"extension"``,
    ``"binary"``, ``"encoding"``, ``"delimiter"``, ``"duplicate_headers"``,
    ``"missing_fields"``, ``"mapping"``, ``"not_a_number"``, ``"negative"``,
    ``"impossible_pair"``, ``"date"``, ``"year"``, ``"excel"``, ``"no_rows"``,
    ``"too_many"``, ``"ragged"``, ``"argument"``, ``"refused"``, ``"platform"``).
    """

    def __init__(self, message: str, problem: str = "invalid") -> None:
        super().__init__(message)
        self.problem = problem


class PlatformQuestion(UploadError):
    """The evidence does not single out one platform: the learner must choose (``platform=``).

    ``candidates`` lists the platforms still possible, best first; ``evidence``
    what was weighed.
    """

    def __init__(self, message: str, candidates: Sequence[str], evidence: Sequence[str] = ()) -> None:
        super().__init__(message, "platform")
        self.candidates = tuple(candidates)
        self.evidence = tuple(evidence)


class NoFileYet(ValueError):
    """The panel is waiting for the learner to upload a file (not an error)."""
