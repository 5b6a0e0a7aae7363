"""deploy/: the Kubernetes manifests are valid resources of Kubernetes 1.28 (kubernetes-validate, strict: no
unknown fields), the kustomization lists them all, and the topology matches the scaled one (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

kubernetes_validate = pytest.importorskip("kubernetes_validate")

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
MANIFESTS = sorted(p for p in (DEPLOY / "k8s").glob("*.yaml") if p.name != "kustomization.yaml")
VERSION = "1.28.0"


def documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_a_valid_kubernetes_resource(path: Path) -> None:
    for resource in documents(path):
        kubernetes_validate.validate(resource, VERSION, strict=True)


def test_kustomization_applies_every_manifest_but_the_example_secret() -> None:
    listed = set(yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in MANIFESTS} - {"secret.example.yaml"}


def test_topology_is_the_scaled_one() -> None:
    resources = {(d["kind"], d["metadata"]["name"]): d for p in MANIFESTS for d in documents(p)}
    rasa = resources[("StatefulSet", "rasa")]
    assert rasa["spec"]["replicas"] >= 2
    command = rasa["spec"]["template"]["spec"]["containers"][0]["command"]
    assert "endpoints.scaled.yml" in command and "--auth-token" not in command
    config = resources[("ConfigMap", "eldercare-config")]["data"]
    assert len(config["RASA_URLS"].split(",")) == rasa["spec"]["replicas"]
    assert int(config["ACTION_SERVER_SANIC_WORKERS"]) >= 2
    assert resources[("Deployment", "actions")]["spec"]["replicas"] >= 2
    secret = resources[("Secret", "eldercare-secrets")]["stringData"]
    assert secret["TRACKER_DB_URL"].startswith("postgresql://") and secret["REDIS_URL"].startswith("redis://")


@pytest.mark.parametrize("name", ["rasa-values.yaml", "rasa-action-server-values.yaml"])
def test_helm_values_parse(name: str) -> None:
    values = yaml.safe_load((DEPLOY / "helm" / name).read_text(encoding="utf-8"))
    assert values["replicaCount"] >= 2
