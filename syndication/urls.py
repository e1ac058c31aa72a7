from django.urls import path

from wagtail.contrib.sitemaps.views import sitemap

from syndication import feeds, views

# (path prefix, feed class, URL name); each gets an RSS and an Atom address.
FEED_ROUTES = [
    ("feeds/beitraege/", feeds.PostsFeed, "feed_posts"),
    ("feeds/serie/<slug:slug>/", feeds.SeriesFeed, "feed_series"),
    ("feeds/schlagwort/<tagslug:slug>/", feeds.TagFeed, "feed_tag"),
    ("feeds/archiv/<int:year>/<int:month>/", feeds.MonthFeed, "feed_month"),
    ("feeds/formate/", feeds.FormatsFeed, "feed_formats"),
    ("feeds/kommentare/", feeds.CommentsFeed, "feed_comments"),
    ("feeds/kommentare/<id:page_id>/", feeds.PageCommentsFeed, "feed_page_comments"),
]

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("feeds/", views.feeds_overview, name="feeds"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
for prefix, feed_class, name in FEED_ROUTES:
    urlpatterns += [
        path(f"{prefix}rss/", feed_class(), name=f"{name}_rss"),
        path(f"{prefix}atom/", feeds.atom(feed_class)(), name=f"{name}_atom"),
    ]
