import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * Writes a tiny BERT-shaped feature-extraction model that transformers.js loads from disk:
 * a WordPiece tokenizer over a fixed vocabulary and an ONNX graph that looks up one embedding
 * per token (mean pooling happens in the pipeline). Words of the same topic share a dimension,
 * so "refund" and "chargeback" land close together: enough meaning to test a vector lane.
 */
export function writeTinyModel(dir: string, topics: string[][], dims = 16): { vocabulary: string[] } {
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
  const words = [...new Set(topics.flat().map((word) => word.toLowerCase()))];
  const vocabulary = [...special, ...words];
  const matrix = new Float32Array(vocabulary.length * dims);
  topics.forEach((topic, t) => {
    for (const word of topic) {
      const row = vocabulary.indexOf(word.toLowerCase());
      matrix[row * dims + (t % dims)] += 1;
      // A small word-specific component keeps words of one topic distinguishable.
      matrix[row * dims + ((row * 7 + 3) % dims)] += 0.1;
    }
  });
  const T = onnx.TensorProto.DataType;
  const int64Input = (name: string) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: { elemType: T.INT64, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }] } },
      },
    });
  const graph = onnx.GraphProto.create({
    name: 'tiny-embedder',
    node: [
      onnx.NodeProto.create({
        opType: 'Gather',
        input: ['embeddings', 'input_ids'],
        output: ['token_vectors'],
      }),
      onnx.NodeProto.create({
        opType: 'Cast',
        input: ['attention_mask'],
        output: ['mask_float'],
        attribute: [
          onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }),
        ],
      }),
      onnx.NodeProto.create({ opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_3d'] }),
      onnx.NodeProto.create({
        opType: 'Mul',
        input: ['token_vectors', 'mask_3d'],
        output: ['last_hidden_state'],
      }),
    ],
    initializer: [
      onnx.TensorProto.create({
        name: 'embeddings',
        dims: [vocabulary.length, dims],
        dataType: T.FLOAT,
        rawData: new Uint8Array(matrix.buffer),
      }),
      onnx.TensorProto.create({ name: 'last_axis', dims: [1], dataType: T.INT64, int64Data: [2] }),
    ],
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map(int64Input),
    output: [
      onnx.ValueInfoProto.create({
        name: 'last_hidden_state',
        type: {
          tensorType: {
            elemType: T.FLOAT,
            shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }, { dimValue: dims }] },
          },
        },
      }),
    ],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph,
    producerName: 'ktx-tests',
  });
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), onnx.ModelProto.encode(model).finish());

  const vocab = Object.fromEntries(vocabulary.map((word, id) => [word, id]));
  const specialToken = (content: string) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map(specialToken),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 512,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
    }),
  );
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: dims,
      vocab_size: vocabulary.length,
      pad_token_id: 0,
    }),
  );
  writeFileSync(
    join(dir, 'special_tokens_map.json'),
    JSON.stringify({ cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]' }),
  );
  return { vocabulary };
}
