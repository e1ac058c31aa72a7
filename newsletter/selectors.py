from newsletter.models import Delivery, Dispatch, Subscriber


def confirmed_count():
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()


def last_dispatch_progress():
    """(post title, sent, total) of the newest dispatch, or None before the first."""
    dispatch = Dispatch.objects.select_related("page").order_by("-created_at", "-pk").first()
    if dispatch is None:
        return None
    sent = dispatch.deliveries.filter(status=Delivery.Status.SENT).count()
    return {"page": dispatch.page, "sent": sent, "total": dispatch.total, "created_at": dispatch.created_at}
