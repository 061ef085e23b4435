"""`python -m checker.demo`: same as `python -m checker.demo.server`."""

from checker.demo.server import main

raise SystemExit(main())
