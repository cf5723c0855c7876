import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import { parseReference } from '../complaints/domain/reference.js';
import { StaffApiKeyGuard } from '../staff-keys/staff-api-key.guard.js';
import { StaffCaller, type StaffActor } from '../staff-keys/staff-caller.js';
import { attachmentDisposition } from './download-name.js';
import { EvidenceViewer } from './evidence-viewer.js';

const REFERENCE_PARAM = { name: 'reference', example: '7K4M-9P2Q', description: 'Case reference; any case, dash optional' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The only types a file is ever served as: what its bytes were found to be when it came. */
const SERVED_TYPES = new Set(['image/jpeg', 'image/png', 'image/heic', 'application/pdf', 'text/plain; charset=utf-8']);

@ApiTags('evidence')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Staff-Id', required: false, description: 'The staff member the caller acts for (default: api)' })
@ApiHeader({ name: 'X-Staff-Role', required: false, description: 'handler or supervisor (default: handler)' })
@ApiResponse({ status: 400, description: 'Invalid input: `code` and `fields` say what' })
@ApiResponse({ status: 401, description: 'Missing or wrong API key' })
@ApiResponse({ status: 403, description: 'The caller is named as involved in the complaint (`complaint_staff_involved`)' })
@UseGuards(StaffApiKeyGuard)
@Controller('api/complaints')
export class EvidenceController {
  constructor(private readonly viewer: EvidenceViewer) {}

  @Get(':reference/evidence')
  @ApiOperation({ summary: 'The files the customer sent with the complaint, oldest first; the access is recorded in the history (evidence.viewed)' })
  @ApiParam(REFERENCE_PARAM)
  @ApiResponse({ status: 200, description: '`items`: id, origin (webchat, sms, whatsapp), kind (image, pdf, text), mediaType, fileName, size, sha256, createdAt' })
  @ApiResponse({ status: 404, description: 'No such reference' })
  async list(@Param('reference') reference: string, @StaffCaller() actor: StaffActor) {
    const normalised = checkedReference(reference);
    return { reference: normalised, items: await this.viewer.list(normalised, actor) };
  }

  @Get(':reference/evidence/:id')
  @ApiOperation({
    summary: 'Download one file, as an attachment with the type its bytes were found to be; the access is recorded in the history (evidence.viewed)',
  })
  @ApiParam(REFERENCE_PARAM)
  @ApiParam({ name: 'id', description: 'The file’s id, from the list', example: '0b6f3c1e-5d2a-4f4e-9a57-1c2d3e4f5a6b' })
  @ApiProduces('image/jpeg', 'image/png', 'image/heic', 'application/pdf', 'text/plain')
  @ApiResponse({ status: 200, description: 'The file, with Content-Disposition: attachment and X-Content-Type-Options: nosniff' })
  @ApiResponse({ status: 404, description: 'No such reference (`complaint_not_found`), or no such file in it (`evidence_not_found`)' })
  async download(@Param('reference') reference: string, @Param('id') id: string, @StaffCaller() actor: StaffActor, @Res() response: Response): Promise<void> {
    const normalised = checkedReference(reference);
    if (!UUID.test(id)) {
      const message = 'A file id is a UUID, as the list of files gives it.';
      throw new DomainError('invalid', 'validation_failed', message, { fields: [{ field: 'id', message }] });
    }
    const { item, bytes } = await this.viewer.open(normalised, id, actor);
    response
      .status(200)
      .set({
        'Content-Type': SERVED_TYPES.has(item.mediaType) ? item.mediaType : 'application/octet-stream',
        'Content-Length': String(bytes.length),
        'Content-Disposition': attachmentDisposition(item.fileName),
        'X-Content-Type-Options': 'nosniff',
        // Opened in a browser tab after all, a file can run nothing and reach nothing.
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-store',
      })
      .end(bytes);
  }
}

function checkedReference(raw: string): string {
  const parsed = parseReference(raw);
  if (parsed.ok) return parsed.reference;
  const message =
    parsed.reason === 'check' ? 'This reference has a mistyped character: please check it.' : 'A reference has eight letters and digits, like 7K4M-9P2Q.';
  throw new DomainError('invalid', 'invalid_reference', message, { fields: [{ field: 'reference', message }] });
}
