from meshtui.launch import main

raise SystemExit(main())
