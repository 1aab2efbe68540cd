import sys

from recommender.cli.commands import main

sys.exit(main())
