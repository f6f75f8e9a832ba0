"""Shared fixtures: the vector file's cases and the interpreter-independent helpers."""

import pytest

import vector_cases


@pytest.fixture(scope="session")
def cases():
    return vector_cases.load_cases()
