"""``python -m cleantext`` runs the CLI."""

from cleantext.cli import main

raise SystemExit(main())
