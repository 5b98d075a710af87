import pytest

from tests.admin.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()
