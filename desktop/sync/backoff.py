"""The wait between attempts of the long-lived retries: exponential, with jitter, capped.

The outbox, the event stream and the patient restore share it (DESIGN.md section 5:
"Retries use exponential backoff with jitter, capped at 60 s").
"""

from __future__ import annotations

from tenacity import wait_exponential_jitter

MAX_BACKOFF = 60.0


def backoff(first: float, cap: float = MAX_BACKOFF) -> wait_exponential_jitter:
    """`first` seconds, doubled after each failure, plus up to `first` of jitter; at most `cap`.

    The jitter keeps the clients of a restarted server from all coming back at once.
    """
    return wait_exponential_jitter(multiplier=first, max=cap, jitter=first)
