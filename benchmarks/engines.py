"""Time search and triage on a generated knowledge base of 10,000 articles.

    .venv/bin/python benchmarks/engines.py --database sqlite
    .venv/bin/python benchmarks/engines.py --database postgres   # needs PostgreSQL on 127.0.0.1

It creates its own database (var/bench.sqlite3, or eenloket_bench on PostgreSQL), migrates it,
generates the articles from the seed content, and then times, per request as the staff pages
and the commands do it: search = freshness check + triage hints + ranking + fetching the
articles; triage = the engine on a situation. Prints median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

from _common import ROOT, report, use_fresh_database

ARTICLES = 10_000


def generate() -> None:
    """Fill the knowledge base up to ARTICLES articles, recombining the seed texts."""
    from django.db import transaction

    from eenloket.knowledge.models import Article, Topic
    from eenloket.knowledge.services import seed_articles

    rng = random.Random(2026)
    seed = seed_articles()
    topics = {t.code: t.pk for t in Topic.objects.all()}
    sentences = [s for a in seed for s in a["body"].split(". ") if s.strip()]
    existing = Article.objects.count()
    through = Article.topics.through
    today = time.strftime("%Y-%m-%d")
    with transaction.atomic():
        batch, links = [], []
        for number in range(existing, ARTICLES):
            base = seed[number % len(seed)]
            body = ". ".join(rng.sample(sentences, 8))
            batch.append(
                Article(
                    slug=f"gen-{number}",
                    title=f"{base['title']} – variant {number}",
                    organisation_code=base["organisation"],
                    summary=base["summary"],
                    body=f"{base['body'][:600]}\n\n{body}",
                    internal=base["internal"],
                    what_to_bring=base["what_to_bring"],
                    keywords=base["keywords"][: rng.randint(0, len(base["keywords"]))],
                    audience="public",
                    status=Article.Status.PUBLISHED,
                    review_by=today,
                )
            )
        created = Article.objects.bulk_create(batch, batch_size=1000)
        for article, number in zip(created, range(existing, ARTICLES), strict=True):
            for code in seed[number % len(seed)]["topics"]:
                links.append(through(article_id=article.pk, topic_id=topics[code]))
        through.objects.bulk_create(links, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=3, help="Times each query is repeated.")
    args = parser.parse_args()

    use_fresh_database(args.database, "eenloket_bench" if args.database == "postgres" else "bench")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    generate()

    from eenloket.knowledge.models import Article
    from eenloket.knowledge.selectors import article_search, search_engine
    from eenloket.organisations.tests.factories import staff
    from eenloket.triage.selectors import triage_engine

    print(f"Database: {connection.vendor}; published articles: {Article.objects.count()}")
    started = time.perf_counter()
    search_engine()
    print(
        f"Building the search index (once per process and change): "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    user = staff("front_office")
    queries = [json.loads(line)["query"] for line in (ROOT / "evaluation/search_dev.jsonl").open()]
    texts = [json.loads(line)["text"] for line in (ROOT / "evaluation/triage_dev.jsonl").open()]

    search_times: list[float] = []
    partial_times: list[float] = []
    triage_times: list[float] = []
    engine = triage_engine()
    for _round in range(args.rounds):
        for query in queries:
            started = time.perf_counter()
            article_search(user, query)
            search_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            article_search(user, query[: max(3, len(query) * 2 // 3)], partial=True)
            partial_times.append((time.perf_counter() - started) * 1000)
        for text in texts:
            started = time.perf_counter()
            engine.triage(text)
            triage_times.append((time.perf_counter() - started) * 1000)
    report("search (full query)", search_times)
    report("search (as you type)", partial_times)
    report("triage", triage_times)


if __name__ == "__main__":
    main()
