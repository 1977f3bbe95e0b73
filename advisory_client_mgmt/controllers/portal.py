import io
import os
import zipfile

from PIL import Image

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools.image import ImageProcess
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.advisory_document import PORTAL_REQUESTED_STATES

# what a client may send through the portal (client documents, feedback tickets)
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024  # bytes, per file
MAX_UPLOAD_FILES = 5  # per upload
_OLE = (
    "application/msword",
    "application/vnd.ms-excel",
    "application/x-ole-storage",
    "application/CDFV2",
)
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# extension of a client document: the types guess_mimetype may find in its content
# (the older Office files are OLE containers alike; with python-magic, which reads
# the first kilobyte only, an Office Open XML file may be a plain zip)
UPLOAD_TYPES = {
    ".pdf": ("application/pdf",),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".png": ("image/png",),
    ".doc": _OLE,
    ".xls": _OLE,
    ".docx": (_DOCX, "application/zip"),
    ".xlsx": (_XLSX, "application/zip"),
}


# the folder an Office Open XML file of each extension has inside its zip
_OOXML_PARTS = {".docx": "word/", ".xlsx": "xl/"}


ITEMS_PER_PAGE = 20


def portal_list_values(
    portal,
    model,
    url,
    sortings,
    page,
    sortby,
    *,
    domain=(),
    filters=None,
    filterby=None,
    history_key=None,
):
    """The values of a list page of the client's portal, in Odoo's portal style:
    the records of ``model`` the portal user may read (record rules) within
    ``domain``, sorted by ``sortby`` (a key of ``sortings``, its first one by
    default), filtered by ``filterby`` (a key of ``filters``, "all" by default),
    paged from ``url``; ``history_key`` keeps the page's records for the
    previous / next buttons of a record's page. ``portal`` is the controller."""
    Model = request.env[model]
    sortby = sortby if sortby in sortings else next(iter(sortings))
    domain = list(domain)
    url_args = {"sortby": sortby}
    if filters:
        filterby = filterby if filterby in filters else "all"
        domain += filters[filterby]["domain"]
        url_args["filterby"] = filterby
    pager = portal_pager(
        url=url,
        url_args=url_args,
        total=Model.search_count(domain),
        page=page,
        step=ITEMS_PER_PAGE,
    )
    records = Model.search(
        domain,
        order=sortings[sortby]["order"],
        limit=ITEMS_PER_PAGE,
        offset=pager["offset"],
    )
    if history_key:
        request.session[history_key] = records.ids[:100]
    values = portal._prepare_portal_layout_values()
    values.update(
        {
            "records": records,
            "pager": pager,
            "default_url": url,
            "searchbar_sortings": sortings,
            "sortby": sortby,
        }
    )
    if filters:
        values.update({"searchbar_filters": filters, "filterby": filterby})
    return values


def check_portal_upload(env, name, content):
    """Whether a file a client sends through the portal may be stored.

    :return: ``(mimetype, refusal)``: the refusal is a message naming the file,
        or None when the file is accepted
    """
    if len(content) > MAX_ATTACHMENT_SIZE:
        return None, env._(
            "%(file)s is larger than %(size)s MB.",
            file=name,
            size=MAX_ATTACHMENT_SIZE // (1024 * 1024),
        )
    if not content:
        return None, env._("%(file)s is empty.", file=name)
    extension = os.path.splitext(name)[1].lower()
    mimetype = guess_mimetype(content, default="application/octet-stream")
    if mimetype not in UPLOAD_TYPES.get(extension, ()) or not _content_is_sound(
        extension, mimetype, content
    ):
        return None, env._(
            "%(file)s cannot be sent: only PDF, JPG/JPEG or PNG images, Word "
            "or Excel files are accepted, and the content must match the "
            "file's name.",
            file=name,
        )
    return mimetype, None


def portal_upload_limits(env):
    """The limits of a portal upload, as the upload forms state them."""
    return env._(
        "PDF, JPG/JPEG or PNG images, Word (doc, docx) or Excel (xls, xlsx) files; "
        "at most %(size)s MB per file and %(count)s files at once.",
        size=MAX_ATTACHMENT_SIZE // (1024 * 1024),
        count=MAX_UPLOAD_FILES,
    )


def portal_upload_files(required):
    """The files of the portal form being posted (field ``files``) as ``[(name,
    content, mimetype)]``, and the message saying which file is refused and why
    (None when all are fine). ``required``: sending no file is refused too."""
    env = request.env
    uploads = [
        upload
        for upload in request.httprequest.files.getlist("files")
        if upload and upload.filename
    ]
    if required and not uploads:
        return [], env._("Choose the files to send.")
    if len(uploads) > MAX_UPLOAD_FILES:
        return [], env._(
            "Send at most %(count)s files at once.", count=MAX_UPLOAD_FILES
        )
    files = []
    for upload in uploads:
        name = upload.filename
        # one byte more than the limit tells a file too large, without reading
        # all of it
        content = upload.read(MAX_ATTACHMENT_SIZE + 1)
        mimetype, refusal = check_portal_upload(env, name, content)
        if refusal:
            return [], refusal
        files.append((name, content, mimetype))
    return files, None


def _content_is_sound(extension, mimetype, content):
    """A zip is an Office file only with the Office parts; an image must open
    with a sane resolution (a small file may declare a huge picture, which the
    thumbnails would decode)."""
    if mimetype == "application/zip":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        return "[Content_Types].xml" in names and any(
            part.startswith(_OOXML_PARTS[extension]) for part in names
        )
    if mimetype.startswith("image/"):
        try:
            ImageProcess(content, verify_resolution=True)
        except (UserError, ValueError, Image.DecompressionBombError):
            return False
    return True


class AdvisoryDocumentPortal(CustomerPortal):
    """The client's documents (KYC) in the portal: what the firm asks of her, what
    she sent, and the upload of the files asked for. What a portal user reads is
    decided by the record rules (her company's documents); she writes nothing but
    through :meth:`portal_client_document`."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "client_document_count" in counters:
            Document = request.env["advisory.client.document"]
            values["client_document_count"] = (
                Document.search_count(self._client_documents_domain())
                if Document.has_access("read")
                else 0
            )
        return values

    def _client_documents_domain(self):
        """The documents of the user's company, each in its latest version."""
        return [
            ("partner_id", "=", request.env.user.partner_id.commercial_partner_id.id),
            ("superseded_by_id", "=", False),
        ]

    def _client_document_sortings(self):
        env = request.env
        return {
            "type": {"label": env._("Document"), "order": "type_id, id desc"},
            "state": {"label": env._("Status"), "order": "state, type_id"},
            "expiry": {"label": env._("Valid Until"), "order": "expiry_date, type_id"},
            "date": {"label": env._("Newest"), "order": "create_date desc, id desc"},
        }

    def _client_document_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "requested": {
                "label": env._("To Send"),
                "domain": [("state", "in", PORTAL_REQUESTED_STATES)],
            },
            "sent": {
                "label": env._("Sent"),
                "domain": [("state", "in", ("received", "verified"))],
            },
        }

    @http.route(
        ["/my/documents", "/my/documents/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_client_documents(self, page=1, sortby=None, filterby=None, **kw):
        if not request.env["advisory.client.document"].has_access("read"):
            return request.redirect("/my")
        values = portal_list_values(
            self,
            "advisory.client.document",
            "/my/documents",
            self._client_document_sortings(),
            page,
            sortby,
            domain=self._client_documents_domain(),
            filters=self._client_document_filters(),
            filterby=filterby,
        )
        values.update(documents=values["records"], page_name="client_documents")
        return request.render("advisory_client_mgmt.portal_my_client_documents", values)

    @http.route(
        "/my/documents/<int:document_id>",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_client_document(self, document_id, message=None, **kw):
        """One document; a POST (multipart, with the CSRF token) sends its files."""
        Document = request.env["advisory.client.document"]
        document = Document.browse()
        if Document.has_access("read"):
            document = Document.search(
                [("id", "=", document_id), *self._client_documents_domain()]
            )
        if not document:
            return request.not_found()
        error = None
        if request.httprequest.method == "POST":
            files, error = portal_upload_files(required=True)
            if not error:
                try:
                    # a refused upload leaves nothing behind
                    with request.env.cr.savepoint():
                        document = document._portal_receive_files(files)
                except (UserError, ValidationError) as exc:
                    error = exc.args[0]
                else:
                    return request.redirect(f"/my/documents/{document.id}?message=sent")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "document": document,
                "page_name": "client_document",
                "can_upload": document._portal_is_requested(),
                "file_names": document._portal_file_names(),
                "upload_limits": portal_upload_limits(request.env),
                "accept": ",".join(UPLOAD_TYPES),
                "message": message,
                "error": error,
            }
        )
        return request.render("advisory_client_mgmt.portal_client_document", values)
