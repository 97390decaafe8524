"""``python -m tests.cli ARGS``: ``aluehaku ARGS`` with the test-only embedders registered.

CLI subprocesses of the tests run this, so that ``ALUEHAKU_EMBED_MODEL=hash-test`` works there
as it does in the test process (see ``tests/conftest.py``).
"""

from __future__ import annotations

from aluehaku.cli import main
from tests.embedders import register_test_embedders

if __name__ == "__main__":
    register_test_embedders()
    main()
