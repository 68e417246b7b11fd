import sys

from heatnet.cli import main

sys.exit(main())
