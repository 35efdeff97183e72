from meshtui.cli import main

raise SystemExit(main())
