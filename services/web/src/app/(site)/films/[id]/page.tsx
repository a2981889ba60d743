import { cache } from 'react';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { FilmView } from '../../../../components/FilmView';
import { loadFilmDetails } from '../../../../lib/film-loader';
import { displayTitle } from '../../../../lib/movie-display';

interface FilmPageProps {
  params: Promise<{ id: string }>;
}

/** One gateway request per page view, shared by the metadata and the page. */
const filmFor = cache(async (id: string) => {
  const film = await loadFilmDetails(id, (await headers()).get('cookie'));
  if (film === null) notFound();
  return film;
});

export async function generateMetadata({ params }: FilmPageProps): Promise<Metadata> {
  const { movie } = await filmFor((await params).id);
  const title = displayTitle(movie.title);
  return { title: movie.year === null ? title : `${title} (${movie.year})` };
}

export default async function FilmPage({ params }: FilmPageProps) {
  return <FilmView initial={await filmFor((await params).id)} />;
}
