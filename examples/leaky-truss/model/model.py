"""A model with the code-side mistakes: an undeclared read, a lookup that raises, a logged token."""

import logging
from typing import Any

logger = logging.getLogger(__name__)


class Model:
    def __init__(self, **kwargs: Any) -> None:
        self._secrets = kwargs["secrets"]

    def load(self) -> None:
        token = self._secrets["hf_access_token"]
        logger.info(f"loading with token {token}")
        self._wandb = self._secrets.get("wandb_api_key", None)

    def predict(self, request: dict[str, Any]) -> dict[str, Any]:
        return {"echo": request}
