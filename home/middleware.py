from core.errors import bad_request


class PermissionsPolicyMiddleware:
    """No page of ours needs camera, microphone, location or payment: browsers may refuse them all."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class RejectNullBytesMiddleware:
    """A NUL character in a URL parameter is never legitimate, and PostgreSQL refuses it in text: answer 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return bad_request(request)
        return self.get_response(request)
