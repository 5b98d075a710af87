"""How many examples a property test draws, by Hypothesis profile (registered and chosen in conftest.py).

`ci` draws what each test asks for; `dev`, the default outside CI, a quarter of it (at least 5), so that a
developer's `make test` stays quick while every CI run keeps the full search (a property that fails only
on rare inputs is found by CI, which runs on every submission). `HYPOTHESIS_PROFILE=ci make test` runs CI's
numbers locally.
"""

from hypothesis import settings

CI_EXAMPLES = 100  # the `ci` profile's max_examples: Hypothesis' own default
DEV_EXAMPLES = 25


def examples(in_ci: int) -> int:
    """`in_ci` under the `ci` profile, scaled down under `dev`."""
    return max(5, in_ci * settings().max_examples // CI_EXAMPLES)
