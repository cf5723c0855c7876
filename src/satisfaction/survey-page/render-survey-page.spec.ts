import { describe, expect, it } from '@jest/globals';
import { loadCodeOfConduct } from '../../conduct/code-of-conduct.loader.js';
import { loadCatalogue } from '../../notifications/catalogue.js';
import { renderClosed, renderSurveyForm, type PageText } from './render-survey-page.js';

const code = loadCodeOfConduct(undefined);
const translate = loadCatalogue(new URL('./messages/', import.meta.url));
const text =
  (language: string): PageText =>
  (key, variables = {}) =>
    translate(language)(key, variables);

describe(renderSurveyForm.name, () => {
  it('asks the five questions as groups with legends, none required, and posts to itself', () => {
    const html = renderSurveyForm({ code, language: 'en', t: text('en'), root: '../' }, { reference: '7K4M-9P2Q', until: 'You can answer until 08:00 on Thursday 12 March.', asking: false, stopAction: 'T0K/stop' });
    expect(html.match(/<fieldset /g)).toHaveLength(4);
    expect(html.match(/<legend>/g)).toHaveLength(4);
    expect(html.match(/type="radio" id="handling-\d"/g)).toHaveLength(5);
    expect(html.match(/type="radio" id="effort-\d"/g)).toHaveLength(7);
    expect(html).toContain('<label class="field-label" for="comment">Is there anything else you would like to tell us?</label>');
    expect(html).toContain('<form method="post" novalidate>');
    expect(html).not.toContain('required');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('role="alert"');
    // and, apart from it, a way to stop all further surveys
    expect(html).toContain('<form method="post" action="T0K/stop">');
    expect(html).toContain('Stop sending me surveys');
  });

  it('shows what is wrong above the form and beside its question, keeps what was typed, and escapes it', () => {
    const html = renderSurveyForm({ code, language: 'en', t: text('en'), root: '../' }, {
      reference: '7K4M-9P2Q',
      until: 'You can answer until 08:00 on Thursday 12 March.',
      asking: true,
      stopAction: 'T0K/stop',
      values: { handling: '', outcome: '9', effort: '', datesKept: 'yes', comment: '</textarea><script>alert(1)</script>' },
      errors: [{ field: 'outcome', problem: 'out_of_range' }],
    });
    expect(html).toContain('<title>There is a problem: How did we do?');
    expect(html).toContain('<li><a href="#outcome">Choose a number from 1 to 5 for the outcome, or leave it blank.</a></li>');
    expect(html).toContain('<fieldset id="outcome" aria-describedby="outcome-hint outcome-error" class="has-error">');
    expect(html).toContain('value="yes" checked>');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(html).toContain('Sending your answers means you agree');
  });

  it('speaks Spanish to a Spanish speaker', () => {
    const html = renderSurveyForm({ code, language: 'es', t: text('es'), root: '../' }, { reference: '7K4M-9P2Q', until: 'Puede responder hasta las 08:00 del jueves, 12 de marzo.', asking: false, stopAction: 'T0K/stop' });
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<legend>¿Cumplimos las fechas que prometimos?</legend>');
    expect(html).toContain('Enviar mis respuestas');
  });
});

describe(renderClosed.name, () => {
  it('says plainly why a link opens no form', () => {
    expect(renderClosed({ code, language: 'en', t: text('en'), root: '../' }, 'answered', '7K4M-9P2Q', 'T0K/stop')).toContain('We already have your answers about complaint 7K4M-9P2Q. Thank you.');
    expect(renderClosed({ code, language: 'en', t: text('en'), root: '../' }, 'unknown')).toContain('This link does not lead to a survey.');
  });

  it('still offers to stop further surveys on a real survey\'s link, and links back to the code of conduct from where it is', () => {
    expect(renderClosed({ code, language: 'en', t: text('en'), root: '../' }, 'expired', '7K4M-9P2Q', 'T0K/stop')).toContain('<form method="post" action="T0K/stop">');
    expect(renderClosed({ code, language: 'en', t: text('en'), root: '../' }, 'unknown')).not.toContain('<form');
    expect(renderClosed({ code, language: 'en', t: text('en'), root: '../../' }, 'unknown')).toContain('<a href="../../code-of-conduct">');
  });
});
