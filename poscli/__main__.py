from __future__ import annotations

from poscli.main import main

main()
