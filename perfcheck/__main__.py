import sys

from perfcheck.launch import main

sys.exit(main())
