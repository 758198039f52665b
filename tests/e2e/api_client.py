"""Another device signed in to the status server over HTTP, to read what the app sent."""

from __future__ import annotations

from typing import Any

import httpx


class ApiClient:
    """Signed in to the server's API over HTTP as one person, as another device would be."""

    def __init__(self, url: str, email: str, password: str) -> None:
        self._http = httpx.Client(base_url=url, timeout=10)
        answer = self._http.post(
            "/v1/auth/token", json={"grant_type": "password", "email": email, "password": password}
        )
        assert answer.status_code == 200, answer.text
        self._http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def get(self, path: str) -> dict[str, Any]:
        answer = self._http.get(path)
        assert answer.status_code == 200, answer.text
        document: dict[str, Any] = answer.json()
        return document

    def close(self) -> None:
        self._http.close()
