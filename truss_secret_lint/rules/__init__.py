"""The rule registry: an explicit tuple, in code order. Adding a rule means adding it here."""

from __future__ import annotations

from truss_secret_lint.rules.base import Rule
from truss_secret_lint.rules.colliding_secret_names import CollidingSecretNames
from truss_secret_lint.rules.committed_local_secrets import CommittedLocalSecrets
from truss_secret_lint.rules.config_parse_error import ConfigParseError
from truss_secret_lint.rules.credential_default import CredentialDefault
from truss_secret_lint.rules.credential_in_config import CredentialInConfig
from truss_secret_lint.rules.credential_in_url import CredentialInUrl
from truss_secret_lint.rules.direct_secret_read import DirectSecretRead
from truss_secret_lint.rules.duplicate_secret import DuplicateSecret
from truss_secret_lint.rules.dynamic_secret_key import DynamicSecretKey
from truss_secret_lint.rules.hardcoded_credential import HardcodedCredential
from truss_secret_lint.rules.misspelled_secrets_key import MisspelledSecretsKey
from truss_secret_lint.rules.non_null_default import NonNullDefault
from truss_secret_lint.rules.python_parse_error import PythonParseError
from truss_secret_lint.rules.secret_in_environment_variables import SecretInEnvironmentVariables
from truss_secret_lint.rules.secret_logged import SecretLogged
from truss_secret_lint.rules.secret_lookup_raises import SecretLookupRaises
from truss_secret_lint.rules.secret_outside_block import SecretOutsideBlock
from truss_secret_lint.rules.secret_value_type import SecretValueType
from truss_secret_lint.rules.secrets_not_mapping import SecretsNotMapping
from truss_secret_lint.rules.undeclared_config_secret import UndeclaredConfigSecret
from truss_secret_lint.rules.undeclared_secret import UndeclaredSecret
from truss_secret_lint.rules.unportable_secret_name import UnportableSecretName
from truss_secret_lint.rules.unused_noqa import UnusedNoqa
from truss_secret_lint.rules.unused_secret import UnusedSecret

RULES: tuple[type[Rule], ...] = (
    ConfigParseError,
    PythonParseError,
    SecretsNotMapping,
    SecretValueType,
    DuplicateSecret,
    UnportableSecretName,
    SecretOutsideBlock,
    MisspelledSecretsKey,
    CollidingSecretNames,
    SecretInEnvironmentVariables,
    CredentialDefault,
    NonNullDefault,
    CredentialInConfig,
    CredentialInUrl,
    CommittedLocalSecrets,
    UndeclaredSecret,
    DynamicSecretKey,
    UnusedSecret,
    HardcodedCredential,
    SecretLogged,
    DirectSecretRead,
    SecretLookupRaises,
    UndeclaredConfigSecret,
    UnusedNoqa,
)

BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in RULES}


def find_rule(code_or_name: str) -> type[Rule] | None:
    """A rule by its code (`TSL201`, any case) or its name (`credential-default`)."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
