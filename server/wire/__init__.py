"""The API's JSON documents on the wire: pydantic request and response schemas."""
