"""The loader of the project's YAML files (framework, catalogue, policies, prices).

libyaml's C parser when PyYAML was built with it (the wheels are): the same safe subset of
YAML as yaml.safe_load, about ten times faster; the recommendation catalogue alone took
0.6 s of every `clusterbench analyse` with the pure-Python parser.
"""

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
