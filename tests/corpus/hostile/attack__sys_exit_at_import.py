# attack: calls sys.exit(0) at import, before anything is defined
# expect: zero (otherwise unimplemented)
import sys


sys.exit(0)
