import pytest


@pytest.mark.embedded
def test_home_is_public_and_indonesian(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()
