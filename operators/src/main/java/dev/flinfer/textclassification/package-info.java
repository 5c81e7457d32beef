/**
 * Text classification with Hugging Face sequence-classification exports (BERT, DistilBERT, RoBERTa,
 * composed zero-shot classifiers): the model (tokenizer, session, softmax / sigmoid / top-k) and
 * the batch task over JSON events. No Flink types.
 */
package dev.flinfer.textclassification;
