import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import {
  type ImportPreviewResponse,
  type ImportRequestParsed,
  type ImportResponse,
  type RatingsExport,
  importPreviewResponse,
  importRequest,
  importResponse,
  ratingsExport,
} from '@marquee/contracts';
import { z } from 'zod';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { AnonId } from '../identity/anon-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { ImportsService } from './imports.service';

/**
 * Importing a file of ratings in two steps, both sent the same body (the file's text and what to
 * do with conflicts): POST /api/imports/preview reads and matches it and says what confirming
 * would write, writing nothing; POST /api/imports does it, in one transaction. The confirmation
 * re-reads the file rather than redeeming a token from the preview: nothing is kept between the
 * two (any gateway replica answers either, and a preview never abandoned holds memory), and
 * reading 10,000 rows again costs milliseconds. Conflicts are decided again inside the
 * transaction, against the ratings the user has then.
 */
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('preview')
  @ApiResult(
    'Reads an IMDb, Letterboxd or marquee export and shows what importing it would do: matched, unmatched, ambiguous and conflicting rows. Writes nothing',
    importPreviewResponse,
  )
  @Raises('MALFORMED_FILE', 'TOO_MANY_ROWS', 'DATABASE_UNAVAILABLE')
  @HttpCode(200)
  preview(
    @AnonId() anonId: string,
    @Body(new ZodValidationPipe(importRequest)) body: ImportRequestParsed,
  ): Promise<ImportPreviewResponse> {
    return this.imports.preview(anonId, body);
  }

  @Post()
  @ApiResult(
    'Imports the file as its preview showed: every matched row in one transaction, or nothing',
    importResponse,
  )
  @Raises('MALFORMED_FILE', 'TOO_MANY_ROWS', 'MOVIE_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @HttpCode(200)
  @RouteDeadline('write')
  confirm(
    @AnonId() anonId: string,
    @Body(new ZodValidationPipe(importRequest)) body: ImportRequestParsed,
  ): Promise<ImportResponse> {
    return this.imports.confirm(anonId, body);
  }
}

/** The user's ratings, skips and lists as files to keep or import back (losslessly). */
@Controller('exports')
export class ExportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('ratings.json')
  @ApiResult(
    'Everything the user has (ratings, skips, watchlist, not interested) as JSON',
    ratingsExport,
  )
  @Raises('DATABASE_UNAVAILABLE')
  @Header('Content-Disposition', 'attachment; filename="marquee-ratings.json"')
  json(@AnonId() anonId: string): Promise<RatingsExport> {
    return this.imports.exportJson(anonId);
  }

  @Get('ratings.csv')
  @ApiResult(
    'The same as CSV, one row per rating, skip or list entry (kind,movieId,imdbId,title,year,rating,at)',
    z.string(),
    'text/csv',
  )
  @Raises('DATABASE_UNAVAILABLE')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="marquee-ratings.csv"')
  csv(@AnonId() anonId: string): Promise<string> {
    return this.imports.exportCsv(anonId);
  }
}
