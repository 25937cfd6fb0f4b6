from faq_checks.cli import main

raise SystemExit(main())
