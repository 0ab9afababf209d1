"""Record ids as the source systems mint them: Salesforce 18-char ids, HubSpot numeric ids."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_BASE62 = np.frombuffer(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8
)
_CHECKSUM = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", dtype=np.uint8)
_COUNTER_DIGITS = 9


def _increasing(rng: np.random.Generator, n: int, start_max: int, gap: int) -> np.ndarray:
    # Strictly increasing with random gaps: ids look minted over time and never repeat.
    start = int(rng.integers(1, start_max))
    return start + np.cumsum(rng.integers(1, gap, size=n, dtype=np.int64))


def salesforce_ids(rng: np.random.Generator, prefix: str, n: int) -> pa.Array:
    """`n` unique 18-character Salesforce ids with key prefix `prefix` (e.g. "001").

    The last three characters are Salesforce's real case-folding checksum, so converting the
    15-character form back to 18 characters reproduces them.
    """
    counter = _increasing(rng, n, 62**7, 4000)
    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, :3] = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    chars[:, 3:6] = np.frombuffer(b"5g0", dtype=np.uint8)
    for pos in range(_COUNTER_DIGITS - 1, -1, -1):
        counter, digit = np.divmod(counter, 62)
        chars[:, 6 + pos] = _BASE62[digit]
    is_upper = (chars[:, :15] >= ord("A")) & (chars[:, :15] <= ord("Z"))
    weights = 1 << np.arange(5)
    for chunk in range(3):
        bits = is_upper[:, chunk * 5 : chunk * 5 + 5] @ weights
        chars[:, 15 + chunk] = _CHECKSUM[bits]
    return pa.array(chars.view("S18").ravel().astype("U18"), type=pa.string())


def hubspot_ids(rng: np.random.Generator, n: int, start_max: int = 10**10) -> pa.Array:
    """`n` unique numeric HubSpot record ids."""
    return pa.array(_increasing(rng, n, start_max, 5000), type=pa.int64())


def sequential_ids(prefix: str, n: int, width: int = 9) -> pa.Array:
    """Ids like "act-000000001": stable row keys for files without a source system id."""
    numbers = pa.array(np.arange(1, n + 1, dtype=np.int64)).cast(pa.string())
    padded = pc.utf8_lpad(numbers, width=width, padding="0")
    return pc.binary_join_element_wise(prefix, padded, "")
