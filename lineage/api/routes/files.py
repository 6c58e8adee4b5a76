"""Repo files in: provenance lookup (nothing stored by default) and imports (API key)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from lineage.api.actions import import_uploads, run_lookup
from lineage.api.errors import ERROR_RESPONSES, UnsupportedMediaType, malformed_json
from lineage.api.security import check_api_key, require_api_key
from lineage.api.state import ApiState, get_state
from lineage.api.uploads import LookupBody, LookupInput, lookup_input
from lineage.core.errors import UsageError

router = APIRouter(tags=["files"], responses=ERROR_RESPONSES)
State = Annotated[ApiState, Depends(get_state)]

MAX_FORM_FILES = 1000

_LOOKUP_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": LookupBody.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "filename": {"type": "string", "description": "Overrides the upload's name."},
                    "model_id": {"type": "string"},
                },
            }
        },
    },
}
_IMPORT_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "README.md cards named ORG/NAME/README.md, or zipped repos.",
                    },
                    "model_id": {"type": "string", "description": "ORG/NAME of a single repo."},
                },
            }
        }
    },
}


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


async def _lookup_input(request: Request) -> LookupInput:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        async with request.form(max_files=1, max_fields=10) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise UsageError("send the file in the multipart field 'file'")
            name = _text(form.get("filename")) or upload.filename or ""
            data = await upload.read()
            return LookupInput(name, data, _text(form.get("model_id")))
    if media == "application/json" or media.endswith("+json"):
        try:
            body = LookupBody.model_validate_json(await request.body())
        except ValidationError as exc:  # the same rule as every JSON body: 400 or 422
            malformed = malformed_json(exc.errors())
            if malformed is not None:
                raise UsageError(malformed) from None
            errors = [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]
            raise RequestValidationError(errors) from None
        return lookup_input(body)
    raise UnsupportedMediaType("send application/json or multipart/form-data")


@router.post(
    "/lookup",
    summary="What does this repo file derive from?",
    openapi_extra={"requestBody": _LOOKUP_BODY},
)
async def lookup(
    request: Request,
    state: State,
    store: Annotated[
        bool, Query(description="Also store what was read (needs the API key).")
    ] = False,
) -> dict[str, Any]:
    """Run the matching reader on a file and return each parent with its full lineage."""
    if store:
        check_api_key(state, request)  # before reading the body
    inp = await _lookup_input(request)

    def limited() -> dict[str, Any]:
        with state.lookup_slot():  # parsing untrusted files costs CPU: a few at a time
            return run_lookup(state, inp, store)

    result: dict[str, Any] = await run_in_threadpool(limited)
    return result


@router.post(
    "/import",
    summary="Import cards or zipped repos (API key)",
    dependencies=[Depends(require_api_key)],
    openapi_extra={"requestBody": _IMPORT_BODY},
)
async def import_files(request: Request, state: State) -> dict[str, object]:
    """Import uploaded ``README.md`` cards and zipped repo folders; returns the import summary."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "multipart/form-data":
        raise UnsupportedMediaType("send the files as multipart/form-data")
    async with request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FILES) as form:
        files = [
            f for key in ("files", "file") for f in form.getlist(key) if isinstance(f, UploadFile)
        ]
        uploads = [(f.filename or "", f.file) for f in files]
        model_id = _text(form.get("model_id"))
        summary: dict[str, object] = await run_in_threadpool(
            import_uploads, state, uploads, model_id
        )
    return summary
