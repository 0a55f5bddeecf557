"""The HTTP layer: routes and validators compiled from the OpenAPI documents, and the app."""
