<?xml version="1.0" encoding="utf-8"?>
<!--
  A feed opened in a browser: every RSS and Atom feed names this stylesheet
  (syndication/feeds.py), and the browser turns the feed into a readable German page.
  Feed readers ignore it. XSLT 1.0, as browsers run it; no script, no inline style
  (the feed's Content-Security-Policy holds for the page this makes).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
    <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

    <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
    <xsl:variable name="about" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
    <xsl:variable name="address" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
    <xsl:variable name="site" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
    <xsl:variable name="kind">
        <xsl:choose>
            <xsl:when test="/rss">RSS</xsl:when>
            <xsl:otherwise>Atom</xsl:otherwise>
        </xsl:choose>
    </xsl:variable>

    <xsl:template match="/">
        <html lang="de">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title><xsl:value-of select="$title"/> · Feed</title>
                <!-- Static files sit under STATIC_URL; whitenoise also serves the unhashed name. -->
                <link rel="stylesheet" href="/static/css/site.css"/>
            </head>
            <body class="page-feed">
                <header class="site-header">
                    <div class="wrap site-header__inner">
                        <a class="site-header__brand" href="/">Netzwerk-Formate</a>
                    </div>
                </header>
                <main id="inhalt" class="wrap">
                    <p class="post__series">Feed (<xsl:value-of select="$kind"/>)</p>
                    <h1><xsl:value-of select="$title"/></h1>
                    <xsl:if test="string($about) and string($about) != string($title)">
                        <p class="lead"><xsl:value-of select="$about"/></p>
                    </xsl:if>

                    <section class="feed-about" aria-labelledby="feed-abonnieren">
                        <h2 id="feed-abonnieren">Diesen Feed abonnieren</h2>
                        <p>Sie sehen einen Feed: die neuesten Einträge als Liste, gemacht für Feedreader.
                            Ein Feedreader (eine App oder ein Programm wie Feedly, Inoreader, NetNewsWire
                            oder Thunderbird) ruft ihn regelmäßig ab und zeigt Ihnen jeden neuen Eintrag –
                            ohne Anmeldung und ohne dass Sie uns Ihre E-Mail-Adresse geben.</p>
                        <p>So abonnieren Sie ihn: Kopieren Sie diese Adresse und fügen Sie sie in Ihrem
                            Feedreader unter „Feed hinzufügen“ oder „Abonnieren“ ein.</p>
                        <p class="feed-address"><code><xsl:value-of select="$address"/></code></p>
                        <p><a href="/feeds/">Alle Feeds im Überblick</a> · <a href="{$site}">Zurück zur Website</a></p>
                    </section>

                    <section aria-labelledby="feed-eintraege">
                        <h2 id="feed-eintraege">Die neuesten Einträge</h2>
                        <xsl:choose>
                            <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
                                <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
                            </xsl:when>
                            <xsl:otherwise>
                                <p>Noch keine Einträge.</p>
                            </xsl:otherwise>
                        </xsl:choose>
                    </section>
                </main>
            </body>
        </html>
    </xsl:template>

    <xsl:template match="item">
        <article class="teaser">
            <h3 class="teaser__title"><a href="{link}"><xsl:value-of select="title"/></a></h3>
            <xsl:if test="pubDate">
                <p class="teaser__meta">
                    <!-- RFC 822: "Mon, 05 Jan 2026 06:00:00 +0000" -->
                    <xsl:call-template name="german-date">
                        <xsl:with-param name="day" select="substring(pubDate, 6, 2)"/>
                        <xsl:with-param name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring(pubDate, 9, 3))) div 3 + 1"/>
                        <xsl:with-param name="year" select="substring(pubDate, 13, 4)"/>
                    </xsl:call-template>
                </p>
            </xsl:if>
        </article>
    </xsl:template>

    <xsl:template match="atom:entry">
        <xsl:variable name="when" select="(atom:published | atom:updated)[1]"/>
        <article class="teaser">
            <h3 class="teaser__title"><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
            <xsl:if test="$when">
                <p class="teaser__meta">
                    <!-- RFC 3339: "2026-01-05T06:00:00+00:00" -->
                    <xsl:call-template name="german-date">
                        <xsl:with-param name="day" select="substring($when, 9, 2)"/>
                        <xsl:with-param name="month" select="substring($when, 6, 2)"/>
                        <xsl:with-param name="year" select="substring($when, 1, 4)"/>
                    </xsl:call-template>
                </p>
            </xsl:if>
        </article>
    </xsl:template>

    <!-- "5. Januar 2026", as dates read everywhere else on the site. -->
    <xsl:template name="german-date">
        <xsl:param name="day"/>
        <xsl:param name="month"/>
        <xsl:param name="year"/>
        <xsl:value-of select="number($day)"/>
        <xsl:text>. </xsl:text>
        <xsl:choose>
            <xsl:when test="number($month) = 1">Januar</xsl:when>
            <xsl:when test="number($month) = 2">Februar</xsl:when>
            <xsl:when test="number($month) = 3">März</xsl:when>
            <xsl:when test="number($month) = 4">April</xsl:when>
            <xsl:when test="number($month) = 5">Mai</xsl:when>
            <xsl:when test="number($month) = 6">Juni</xsl:when>
            <xsl:when test="number($month) = 7">Juli</xsl:when>
            <xsl:when test="number($month) = 8">August</xsl:when>
            <xsl:when test="number($month) = 9">September</xsl:when>
            <xsl:when test="number($month) = 10">Oktober</xsl:when>
            <xsl:when test="number($month) = 11">November</xsl:when>
            <xsl:otherwise>Dezember</xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$year"/>
    </xsl:template>
</xsl:stylesheet>
