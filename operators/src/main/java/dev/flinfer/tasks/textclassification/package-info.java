/**
 * Text classification with Hugging Face sequence-classification exports (BERT, DistilBERT, RoBERTa,
 * composed zero-shot classifiers): the model (tokenizer, session, softmax / sigmoid / top-k) and
 * the task's descriptor. No Flink types but its configuration.
 */
package dev.flinfer.tasks.textclassification;
