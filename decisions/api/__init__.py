"""The REST API, version 1 (`/api/v1/`): the decision record as data, for programs.

Reads start from `decisions.selectors.visibility`, so every client sees what its role allows; writes go through the
services in `decisions.services`, like the admin's. The map of this package is in docs/architecture.md, "API".
"""
