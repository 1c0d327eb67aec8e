"""A model that gets its Hugging Face token the way Truss intends."""

from typing import Any

HF_TOKEN_KEY = "hf_access_token"


class Model:
    def __init__(self, **kwargs: Any) -> None:
        self._secrets = kwargs["secrets"]
        self._model = None

    def load(self) -> None:
        from transformers import pipeline

        token = self._secrets[HF_TOKEN_KEY]
        self._model = pipeline(
            "text-generation", model="meta-llama/Meta-Llama-3-8B-Instruct", token=token
        )

    def predict(self, request: dict[str, Any]) -> dict[str, Any]:
        return {"output": self._model(request["prompt"])}
